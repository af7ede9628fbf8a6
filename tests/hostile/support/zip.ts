import yauzl from 'yauzl';

export interface ZipEntryRead {
  name: string;
  data: Buffer;
  /** Stored with the Unix file type of a symbolic link. */
  isLink: boolean;
}

/** Every entry of a zip with its content (test zips are small). */
export function readZip(file: string): Promise<ZipEntryRead[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out: ZipEntryRead[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        const isLink = ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks), isLink });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
