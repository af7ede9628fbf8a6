// Hostile: argv[4] tiny files in its output folder argv[3], 1000 per folder. One real file and hard links to it,
// because creating that many files one by one is slow on some disks and the names are what matters. argv[2]: marker.
import console from 'node:console';
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
const out = process.argv[3];
const n = Number(process.argv[4]);
const first = path.join(out, 'first.txt');
writeFileSync(first, 'x\n');
for (let i = 1; i < n; i += 1) {
  const dir = path.join(out, `d${Math.floor(i / 1000)}`);
  if (i % 1000 === 0 || i === 1) mkdirSync(dir, { recursive: true });
  linkSync(first, path.join(dir, `f${i}.txt`));
}
console.log(`made ${n} files`);
