// A raw TCP server that answers with canned bytes: for answers no real HTTP server would send.
import { createServer as createNetServer, type Server, type Socket } from 'node:net';

/** A server that answers every request on a connection with the next canned bytes. */
export async function cannedServer(answers: (n: number) => Buffer | undefined): Promise<{ url: string; connections: () => number; open: () => number; heads: () => string[]; close(): Promise<void> }> {
  let connections = 0;
  const heads: string[] = [];
  let served = 0;
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that hangs up mid-answer (as it should on a broken one) resets the connection.
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (d: Buffer) => {
      pending += d.toString('latin1');
      while (pending.includes('\r\n\r\n')) {
        heads.push(pending.slice(0, pending.indexOf('\r\n\r\n')));
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
        const answer = answers(served++);
        if (answer === undefined) socket.destroy();
        else if (/connection: close/i.test(answer.subarray(0, 200).toString('latin1'))) socket.end(answer);
        else socket.write(answer);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    open: () => sockets.size,
    heads: () => heads,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

