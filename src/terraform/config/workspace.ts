/**
 * The sandbox of check: what a pull request controls is read only from inside the workspace, a
 * bounded number of bytes at a time, and never past the run's deadline.
 *
 * `check` runs on pull requests from forks, so every path it opens was written by a stranger: a
 * `.tf` or `.tfvars` symlinked to `/etc/passwd` or `/dev/zero`, a `file("/proc/self/environ")`, a
 * module source `../../..`, a FIFO that blocks whoever opens it. Each path is resolved to its real
 * path (symlinks followed by the kernel, `fs.realpath`) and refused unless that lies under the
 * workspace; only regular files are read, opened non-blocking, and never more than the per-file
 * cap. A refusal names the path the configuration wrote, never what is at its target.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

export interface Limits {
  /** Bytes of one file (a `.tf`, `.tf.json`, variable file, or a file() / templatefile()). */
  fileBytes: number
  /** Bytes of all the files read in one run. */
  totalBytes: number
  /** Configuration files found under terraform-paths. */
  files: number
  /** Folders below each terraform-paths entry that a `**` glob descends into. */
  globDepth: number
}

const MiB = 1024 * 1024

export const LIMITS: Readonly<Limits> = {
  fileBytes: 2 * MiB,
  totalBytes: 32 * MiB,
  files: 10_000,
  globDepth: 24
}

/** The run passed timeout-minutes: check stops between two files or two evaluation steps. */
export class CheckTimeout extends Error {
  constructor(readonly minutes: number) {
    super(
      `check stopped at timeout-minutes (${minutes}): the configuration was not fully read or evaluated. Narrow terraform-paths or raise timeout-minutes.`
    )
  }
}

/** Why a path was not read. `reason` names the path as written, never the content. */
export interface Refusal {
  refused: string
}

export type ReadResult = { text: string } | Refusal | { missing: true }

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

export class Workspace {
  /** Bytes read so far (all files). */
  bytesRead = 0
  /** The first cap that stopped reading, said once in the report. */
  capHit?: string
  readonly root: string
  private readonly deadline?: number

  constructor(
    root: string,
    readonly limits: Readonly<Limits> = LIMITS,
    options: { timeoutMs?: number; now?: () => number } = {}
  ) {
    this.root = realOrUndefined(root) ?? resolve(root)
    this.now = options.now ?? Date.now
    this.timeoutMs = options.timeoutMs
    this.deadline = options.timeoutMs === undefined ? undefined : this.now() + options.timeoutMs
  }

  private readonly now: () => number
  private readonly timeoutMs?: number

  /** Throws CheckTimeout once the deadline has passed. Called between files and evaluation steps. */
  checkDeadline(): void {
    if (this.deadline !== undefined && this.now() > this.deadline)
      throw new CheckTimeout(Math.round(((this.timeoutMs ?? 0) / 60_000) * 100) / 100)
  }

  /** Whether a real path lies under the workspace (the workspace itself included). */
  contains(real: string): boolean {
    const rel = relative(this.root, real)
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
  }

  /** How to name a path in a message: relative to the workspace when it is under it. */
  shown(path: string): string {
    const rel = relative(this.root, resolve(path))
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
  }

  /**
   * The real path of a directory or file under the workspace, or why not. A path that does not
   * exist is `missing` (callers say so as they did before).
   */
  resolveInside(path: string): { real: string } | Refusal | { missing: true } {
    const absolute = resolve(this.root, path)
    const real = realOrUndefined(absolute)
    if (real === undefined) return { missing: true }
    if (!this.contains(real))
      return {
        refused: `${this.shown(absolute)} ${real === absolute ? 'is' : 'leads (through a symbolic link)'} outside the workspace: not read`
      }
    return { real }
  }

  /**
   * A file's text: under the workspace, a regular file, at most `fileBytes` bytes, within the
   * run's total. Synchronous: evaluation (file(), templatefile()) is synchronous.
   */
  read(path: string): ReadResult {
    this.checkDeadline()
    const where = this.resolveInside(path)
    if (!('real' in where)) return where
    const shown = this.shown(resolve(this.root, path))
    let fd: number
    try {
      // Non-blocking: a FIFO must not hang the run (it is refused below, as every non-file is).
      fd = openSync(where.real, constants.O_RDONLY | constants.O_NONBLOCK)
    } catch {
      return { missing: true }
    }
    try {
      const info = fstatSync(fd)
      if (!info.isFile()) return { refused: `${shown} is not a regular file: not read` }
      if (info.size > this.limits.fileBytes)
        return {
          refused: `${shown} is ${mib(info.size)}, over the ${mib(this.limits.fileBytes)} a file may have: not read`
        }
      if (this.bytesRead + info.size > this.limits.totalBytes) {
        this.capHit ??= `the files read reached ${mib(this.limits.totalBytes)} in all`
        return {
          refused: `${shown} was not read: the files read so far reached the ${mib(this.limits.totalBytes)} check reads in one run`
        }
      }
      // Bounded read: never more than the cap, whatever the size said (a file still growing).
      const buffer = Buffer.alloc(Math.min(info.size, this.limits.fileBytes) + 1)
      let length = 0
      while (length < buffer.length) {
        const n = readSync(fd, buffer, length, buffer.length - length, null)
        if (n === 0) break
        length += n
      }
      if (length > this.limits.fileBytes)
        return {
          refused: `${shown} is over the ${mib(this.limits.fileBytes)} a file may have: not read`
        }
      this.bytesRead += length
      return { text: buffer.subarray(0, length).toString('utf8') }
    } finally {
      closeSync(fd)
    }
  }

  /** Whether a path is a directory under the workspace. */
  isDirectoryInside(path: string): boolean {
    const where = this.resolveInside(path)
    if (!('real' in where)) return false
    try {
      return statSync(where.real).isDirectory()
    } catch {
      return false
    }
  }
}

function mib(bytes: number): string {
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`
}
