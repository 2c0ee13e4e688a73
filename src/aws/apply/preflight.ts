import { Finding } from '../../iam/findings';
import { ReadFile } from '../../iam/manifest';
import { checkText } from '../../iam/service';

/**
 * The error findings of a manifest and of the files it refers to, with the same checks as the editor
 * and `iam-author check`: a plan is refused while there is one, because the role they describe is
 * not the one written. Empty when the manifest can be applied.
 */
export function blockingFindings(text: string, fileName: string, readFile: ReadFile): Finding[] {
  return checkText(text, { fileName, readFile }).filter((f) => f.severity === 'error');
}
