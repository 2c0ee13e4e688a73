import { RenderedFile } from './types';

/** What writing one rendered file does to the target folder. */
export type WriteAction = 'create' | 'unchanged' | 'overwrite';

/** A rendered file and what writing it would do. */
export interface PlannedWrite {
  readonly file: RenderedFile;
  readonly action: WriteAction;
}

/**
 * Compares rendered files with the target folder: `read(path)` returns the text at a rendered path
 * (relative to the folder), or undefined when there is no file. A file that already holds exactly the
 * rendered text (a shared policy another role wrote) is `unchanged` and needs no write; one with other
 * text is `overwrite`, which a front end asks about and the CLI refuses without --force. Errors `read`
 * throws are not caught.
 */
export function planWrites(files: readonly RenderedFile[], read: (path: string) => string | undefined): PlannedWrite[] {
  return files.map((file) => {
    const existing = read(file.path);
    return { file, action: existing === undefined ? 'create' : existing === file.text ? 'unchanged' : 'overwrite' };
  });
}
