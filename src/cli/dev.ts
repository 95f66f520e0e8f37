// Runs the CLI straight from the TypeScript sources (development and tests).
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
