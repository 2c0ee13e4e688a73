import * as fs from 'fs';

/** Reads a UTF-8 file; undefined when it does not exist or cannot be read. */
export function readFileIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The names in a folder; empty when it cannot be read. */
export function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
