/**
 * In code-server the extension host's console reaches the test host only through the browser console,
 * mixed with the workbench's own log lines; the tests mark their lines with this (invisible) prefix.
 */
export const CONSOLE_MARKER = '\u200b[iam-author-test]\u200b';
