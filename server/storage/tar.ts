// A minimal POSIX ustar archive writer for downloads of checkpoint folders (flat folders of
// regular files, names under 100 bytes): a 512-byte header per file, the data padded to 512,
// two zero blocks at the end. Leaves out directories, links, long names and compression.
const BLOCK = 512;

function header(name: string, size: number, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (text: string, offset: number, length: number) => h.set(Buffer.from(text, 'ascii').subarray(0, length), offset);
  const field = (n: number, offset: number, length: number) => put(`${n.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  const unsafe = name.startsWith('/') || name.split('/').some((part) => part === '' || part === '.' || part === '..');
  if (Buffer.byteLength(name) >= 100 || !/^[\w.\-/]+$/.test(name) || unsafe) throw new Error(`tar: unsupported file name "${name}"`);
  put(name, 0, 100);
  field(0o644, 100, 8);
  field(0, 108, 8);
  field(0, 116, 8);
  field(size, 124, 12);
  field(mtime, 136, 12);
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** A folder name that stays inside wherever the archive is unpacked: no `/`, no leading dots. */
export function archiveFolder(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 60) || 'model';
}

/** A tar archive of `files` (name → bytes), each under a folder named after `name` (made safe). */
export function tarFiles(name: string, files: Record<string, Uint8Array>, mtime = Math.floor(Date.now() / 1000)): Uint8Array<ArrayBuffer> {
  const folder = archiveFolder(name);
  const parts: Uint8Array[] = [];
  for (const [name, data] of Object.entries(files)) {
    parts.push(header(`${folder}/${name}`, data.length, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return new Uint8Array(Buffer.concat(parts));
}
