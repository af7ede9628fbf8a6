// Hostile: tries to read files, list folders and connect to Unix sockets named on its command line
// (`read:<path>`, `list:<path>`, `sock:<path>`), printing one JSON line per attempt with what it got.
import console from 'node:console';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import process from 'node:process';

const report = (target, ok, got) => console.log(JSON.stringify({ target, ok, got: String(got).slice(0, 200) }));

function connect(target, file) {
  return new Promise((resolve) => {
    const s = net.connect(file);
    let got = '';
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(report(target, false, 'timeout'));
    });
    s.on('data', (d) => (got += d));
    s.on('end', () => resolve(report(target, true, got)));
    s.on('error', (e) => resolve(report(target, false, e.code)));
  });
}

for (const target of process.argv.slice(2)) {
  const [kind, file] = [target.slice(0, 4), target.slice(5)];
  try {
    if (kind === 'read') report(target, true, readFileSync(file, 'utf8'));
    else if (kind === 'list') report(target, true, readdirSync(file).join(','));
    else if (kind === 'sock') await connect(target, file);
  } catch (e) {
    report(target, false, e.code);
  }
}
console.log('done');
