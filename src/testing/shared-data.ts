// The real data sets that some tests read live outside the repository, in
// ../shared/data beside the clone (CI always has them). A test that reads
// them takes `{ skip: sharedDataSkip }`, so a clone without the folder
// skips it with the reason instead of failing on a missing file. Under CI a
// missing folder is a broken setup, so the tests run and fail as before.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository, as an absolute path. */
const sharedDataFolder = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** The skip reason when ../shared/data is missing (outside CI), else false. */
export const sharedDataSkip: string | false =
  !existsSync(sharedDataFolder) && process.env.CI === undefined
    ? 'needs ../shared/data beside the clone' : false;
