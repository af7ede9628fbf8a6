// Hostile: allocates (and touches) memory in 32 MiB steps up to argv[3] MiB, then holds it. argv[2] is the marker.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import process from 'node:process';
import { setInterval, setTimeout } from 'node:timers';
const maxMb = Number(process.argv[3] ?? 4096);
const held = [];
setInterval(() => {
  if (held.length * 32 >= maxMb) return;
  held.push(Buffer.alloc(32 * 1024 * 1024, 1));
  console.log(`holding ${held.length * 32} MB`);
}, 5);
setTimeout(() => {}, 120_000);
