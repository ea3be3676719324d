// `--state-file PATH`: a stateful mock's state on disk. The file is a
// snapshot (its first record) followed by one line per change, appended and
// written before the response that made the change is sent, so that a crash
// loses nothing that was answered. At start it is read, checked, and
// compacted into one snapshot written atomically (a temporary file, then a
// rename); a last record cut short by a crash was never answered, and is
// dropped. A file that is not a state file of this mock is never changed.

import { isAscii } from 'node:buffer';
import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CallsStoreSnapshot } from './snapshot.js';
import { callProblems, isDateTime, recordProblems, SNAPSHOT_FORMAT } from './snapshot.js';
import { type CallsStore, callCount, importSnapshot, observeStore, replayChange, type StoreChange, type StoredRecord } from './store.js';

/** A state file the mock will not use, said in one line. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** A change as one line of the file. */
type Line = { put: StoredRecord; created: number; at: string } | { drop: string };

/** Past this many change lines, and more than twice the calls, the file is compacted while the mock runs: it stays bounded. */
const COMPACT_AFTER_LINES = 1000;

export interface OpenStateFile {
  /** Releases the file (and its lock) when the mock stops. */
  close(): void;
}

const isSnapshot = (value: unknown): value is CallsStoreSnapshot =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  ((value as { format?: unknown }).format === SNAPSHOT_FORMAT ||
    ((value as { version?: unknown }).version === 1 && Array.isArray((value as { calls?: unknown }).calls)));

/** Checks that `path` can be a state file: its folder exists and can be written in, and it is not a folder itself. */
function checkPlace(path: string): void {
  const folder = dirname(path);
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(folder);
  } catch {
    throw new StateFileError(`--state-file ${path}: the folder ${folder} does not exist`);
  }
  if (!stats.isDirectory()) throw new StateFileError(`--state-file ${path}: ${folder} is not a folder`);
  try {
    if (statSync(path).isDirectory()) throw new StateFileError(`--state-file ${path} is a folder, not a file`);
  } catch (error) {
    if (error instanceof StateFileError) throw error;
  }
  // Root may write anywhere; a folder that grants nobody write access is still refused, as it says.
  const writable = (stats.mode & 0o222) !== 0;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new StateFileError(`--state-file ${path}: cannot write in the folder ${folder}`);
  }
  if (!writable) throw new StateFileError(`--state-file ${path}: cannot write in the folder ${folder} (it is read-only)`);
}

/** Takes the lock beside the file, or says which mock holds it; a lock whose process is gone (a crash) is taken over. */
function lock(path: string): string {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateFileError(`--state-file ${path}: cannot create its lock ${lockPath}`);
    }
    const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    // A lock that names this very process was left by an earlier one that had its pid (a container that restarted).
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder))
      throw new StateFileError(`--state-file ${path} is in use by another elemente-calls-mock (pid ${holder}); stop it, or choose another file`);
    unlinkSync(lockPath);
  }
  throw new StateFileError(`--state-file ${path}: another mock took its lock while this one started`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The file's text. A state file is ASCII as a rule, and ASCII bytes read as
 * Latin-1 are the same text, decoded several times faster than as UTF-8;
 * a file with any other byte is decoded as UTF-8.
 */
function readText(path: string): string {
  const bytes = readFileSync(path);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** What the file holds: its snapshot, the changes after it, and whether it is one record, ended by a newline or not. */
interface Contents {
  snapshot: CallsStoreSnapshot;
  lines: Line[];
  oneRecord: boolean;
  ended: boolean;
}

/** The snapshot and the changes after it, as the file holds them; throws StateFileError for a file that is not one of ours. */
function read(path: string, text: string, warn: (line: string) => void): Contents {
  const name = basename(path);
  const rows = text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) rows.pop();
  let snapshot: unknown;
  try {
    // The mock's own form, read once: the snapshot on the first line, then one change a line.
    snapshot = JSON.parse(rows[0] ?? '');
  } catch {
    let whole: unknown;
    try {
      // A snapshot saved from GET /_mock/state, or written by hand, pretty-printed.
      whole = JSON.parse(text);
    } catch {
      throw new StateFileError(
        `--state-file ${path} is not a state file of elemente-calls-mock (${rows.length === 1 && !complete ? 'it ends inside its first record' : 'its first record is not JSON'}); it was left as it is`,
      );
    }
    if (isSnapshot(whole)) return { snapshot: whole, lines: [], oneRecord: false, ended: complete };
    throw new StateFileError(`--state-file ${path} is not a state file of elemente-calls-mock (it holds JSON, but no snapshot); it was left as it is`);
  }
  if (!isSnapshot(snapshot)) {
    const what = rows.length === 1 ? 'it holds JSON, but no snapshot' : 'its first record is not a snapshot';
    throw new StateFileError(`--state-file ${path} is not a state file of elemente-calls-mock (${what}); it was left as it is`);
  }
  const lines: Line[] = [];
  for (let index = 1; index < rows.length; index += 1) {
    try {
      const line = JSON.parse(rows[index] as string) as Line;
      if (typeof line !== 'object' || line === null || !('put' in line || 'drop' in line)) throw new SyntaxError('not a change');
      lines.push(line);
    } catch {
      if (index === rows.length - 1 && !complete) {
        warn(`${name}: dropped its last record, cut short by a crash while it was written (the change it held was never answered)`);
        break;
      }
      throw new StateFileError(`--state-file ${path}: record ${index + 1} is not a change this mock wrote; it was left as it is`);
    }
  }
  return { snapshot, lines, oneRecord: rows.length === 1, ended: complete };
}

/** The problems of a change beside its call's: what the state is rebuilt from, and written again, must be what the mock itself writes. */
function changeProblems(line: Line): string[] {
  if ('drop' in line) return typeof line.drop === 'string' ? [] : ['drop must be the id of a call'];
  const { put, created, at } = line;
  const problems = recordProblems(put.record, 'record');
  if (!(typeof created === 'number' && Number.isInteger(created) && created >= 0)) problems.push('created must be a whole number, 0 or more');
  if (!isDateTime(at)) problems.push('at must be an RFC 3339 date-time');
  return problems;
}

/**
 * The file a link at `path` points to, or `path` when it is no link or
 * names no file yet: a state file kept behind a symbolic link (in a
 * repository, say) is rewritten where it is, and the link stays a link.
 */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Removes the temporary files a mock that crashed while rewriting `path`
 * left beside it (`<file>.<pid>.tmp`). The lock is held: no other mock is
 * writing one now.
 */
function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names)
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
      try {
        unlinkSync(join(dirname(path), name));
      } catch {
        // Gone already, or not ours to remove: it is never read.
      }
    }
}

/** Writes `text` as the file's whole content, atomically: a temporary file beside it, synced, then renamed over it. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/**
 * Loads the state in `path` into `store` (creating the file if it does not
 * exist yet), then keeps it there: every change is appended before its
 * response is sent. Throws StateFileError, having changed nothing, for a
 * file that cannot be used. `notice` prints a line for the operator.
 */
export function openStateFile(file: string, store: CallsStore, notice: (line: string) => void): OpenStateFile {
  const path = realPath(resolve(file));
  checkPlace(path);
  const lockPath = lock(path);
  removeLeftovers(path);
  const release = () => {
    try {
      unlinkSync(lockPath);
    } catch {
      // Gone already.
    }
  };
  let fd = -1;
  let lines = 0;
  try {
    let text = '';
    try {
      text = readText(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StateFileError(`--state-file ${path} cannot be read: ${(error as Error).message}`);
    }
    let resumeAt: number | undefined;
    // A file that is already one snapshot on one line, as the mock writes it, needs no rewriting.
    let compacted = false;
    if (text.trim() !== '') {
      const { snapshot, lines: changes, oneRecord, ended } = read(path, text, notice);
      compacted = oneRecord && snapshot.format === SNAPSHOT_FORMAT;
      // A snapshot saved from GET /_mock/state has no newline to end its line: one is added, so that changes start a line of their own.
      if (compacted && !ended) appendFileSync(path, '\n');
      for (const [index, line] of changes.entries()) {
        const broken = 'put' in line ? callProblems(line.put?.call) : [];
        if (broken.length > 0)
          throw new StateFileError(
            `--state-file ${path}: record ${index + 2} holds a call that breaks the contract: ${broken.join('; ')}; it was left as it is`,
          );
        const problems = changeProblems(line);
        if (problems.length > 0)
          throw new StateFileError(`--state-file ${path}: record ${index + 2} is not a change this mock wrote (${problems.join('; ')}); it was left as it is`);
      }
      const problems = importSnapshot(store, snapshot, true);
      if (problems.length > 0)
        throw new StateFileError(`--state-file ${path}: its snapshot breaks the contract: snapshot: ${problems.join('; ')}; it was left as it is`);
      resumeAt = snapshot.at === undefined ? undefined : Date.parse(snapshot.at);
      for (const line of changes) {
        if ('drop' in line) replayChange(store, { kind: 'drop', id: line.drop });
        else {
          replayChange(store, { kind: 'put', record: line.put, created: line.created });
          resumeAt = Math.max(resumeAt ?? 0, Date.parse(line.at));
        }
      }
    }
    const compact = () => {
      writeAtomically(path, `${JSON.stringify(store.export())}\n`);
      lines = 0;
    };
    observeStore(store, {
      resumeAt,
      onNotice: notice,
      onChange(change: StoreChange) {
        // A replaced state (a reset, an import) is written anew; so is a file whose changes outgrow its calls.
        if (change.kind === 'replace' || (lines > COMPACT_AFTER_LINES && lines > 2 * callCount(store))) {
          // The new file is in place before the old one is let go: when it cannot be written, changes still go to the file there is.
          compact();
          closeSync(fd);
          // Never a closed number, which the next file or connection opened may be given.
          fd = -1;
          fd = openSync(path, 'a');
          if (change.kind === 'replace') return;
        }
        const line: Line = change.kind === 'put' ? { put: change.record, created: change.created, at: change.at } : { drop: change.id };
        writeSync(fd, `${JSON.stringify(line)}\n`);
        lines += 1;
      },
    });
    // Written once the clock has resumed, so that the snapshot's time is the mock's, never the earlier real one.
    if (!compacted) compact();
    fd = openSync(path, 'a');
  } catch (error) {
    release();
    throw error;
  }
  return {
    close() {
      if (fd >= 0) closeSync(fd);
      release();
    },
  };
}
