import type { Command } from 'commander';
import { LniError } from '../../util/errors.js';
import { parseInteger } from '../options.js';
import { startWebServer, SERVE_HOST } from '../web-server.js';
import { addCommonOptions, type CommonOptions, type Io } from './shared.js';

/** The default port; --port 0 asks the system for a free one. */
export const DEFAULT_PORT = 8377;

export function registerServe(program: Command, io: Io): void {
  const command = program.command('serve')
    .description('serve the lni web app on this machine only (127.0.0.1): pick a CSV, ' +
      'edit the schema, fit and download, all inside the browser tab')
    .option('--port <n>', `port on ${SERVE_HOST} (default ${DEFAULT_PORT}; 0: any free port)`);
  addCommonOptions(command, false);
  command.addHelpText('after', '\nThe server only hands out the app\'s files; your data is ' +
    'read and modelled in the browser and never sent to it or anywhere else.');
  command.action(async (flags: CommonOptions & { port?: string }) => {
    const port = flags.port === undefined ? DEFAULT_PORT : parseInteger('port', flags.port, 0);
    if (port > 65535) {
      throw new LniError('invalid-option', `--port must be at most 65535, got ${flags.port}`);
    }
    const server = await startWebServer({ port });
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.result(flags, { url: server.url },
      `lni web app: open ${server.url} in Chromium or Firefox (Ctrl+C stops the server)`);
  });
}
