// Entry point of the language server bundle (dist/server.js): VS Code starts it over IPC,
// `iam-author lsp --stdio` over standard streams.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
