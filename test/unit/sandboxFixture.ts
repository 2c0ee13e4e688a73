// A fresh local sandbox account for each test of a suite, with SDK clients that do not retry (so a
// call shows the sandbox's answer as it is): the set-up most tests of src/aws share.
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';

/**
 * Registers beforeEach/afterEach hooks in the calling suite: before each test a sandbox is started and
 * `use` receives it and its clients; after it, both are closed.
 */
export function sandboxEachTest(use: (sandbox: Sandbox, clients: Clients) => void, region = 'us-east-1'): void {
  let running: { sandbox: Sandbox; clients: Clients } | undefined;
  beforeEach(async () => {
    const sandbox = await startSandbox();
    running = { sandbox, clients: createClients({ region, endpoint: sandbox.endpoint }, { maxAttempts: 1 }) };
    use(running.sandbox, running.clients);
  });
  afterEach(async () => {
    running?.clients.destroy();
    await running?.sandbox.close();
    running = undefined;
  });
}
