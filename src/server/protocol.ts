// IAM Author's own LSP messages, shared by the server and the VS Code client (no LSP library imported, so
// that the client bundle does not take the server's).
import { AccountNames } from '../iam/completion';

/**
 * `iamAuthor/accountNames`, client to server: the names of the account the editor is connected to
 * (null when it is not connected); completion offers them. The server never calls AWS itself.
 */
export const ACCOUNT_NAMES_METHOD = 'iamAuthor/accountNames';

/** The parameters of `iamAuthor/accountNames`. */
export type AccountNamesParams = AccountNames | null;
