// Hostile: connects to a server on this machine's loopback (port argv[3]) and listens on loopback port argv[4],
// reporting both; then waits a little so the test can try to reach its listener. argv[2] is the marker.
import console from 'node:console';
import net from 'node:net';
import process from 'node:process';
import { setTimeout } from 'node:timers';
const [, , , connectPort, listenPort] = process.argv;
const socket = net.connect(Number(connectPort), '127.0.0.1');
socket.setTimeout(1000, () => {
  console.log('connect: blocked timeout');
  socket.destroy();
});
socket.on('connect', () => {
  console.log('connect: connected');
  socket.end('hello from the tool\n');
});
socket.on('error', (e) => console.log(`connect: blocked ${e.code}`));
const server = net.createServer((c) => {
  console.log('listen: someone connected');
  c.end();
});
server.on('error', (e) => console.log(`listen: failed ${e.code}`));
server.listen(Number(listenPort), '127.0.0.1', () => console.log('listen: listening'));
setTimeout(() => process.exit(0), 1500);
