import { Catalog } from '../../iam/catalogTypes';
import { Finding } from '../../iam/findings';
import { ReadFile } from '../../iam/manifest';
import { checkText } from '../../iam/service';

/**
 * The error findings of a manifest and of the files it refers to, with the same checks as the editor
 * and `iam-author check`: a plan is refused while there is one, because the role they describe is
 * not the one written. Empty when the manifest can be applied. `catalog` gives the IAM catalog the
 * checks use.
 */
export function blockingFindings(text: string, fileName: string, readFile: ReadFile, catalog: () => Catalog): Finding[] {
  return checkText(text, { fileName, readFile, catalog }).filter((f) => f.severity === 'error');
}
