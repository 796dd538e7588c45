// Preloaded into the CLI by no-network.test.ts: any attempt to open a socket or resolve a
// name aborts the process with a recognisable message.
import dns from 'node:dns';
import net from 'node:net';

const deny = (what) => () => {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  process.exit(99);
};
net.Socket.prototype.connect = deny('net.Socket.connect');
dns.lookup = deny('dns.lookup');
dns.promises.lookup = deny('dns.promises.lookup');
globalThis.fetch = deny('fetch');
