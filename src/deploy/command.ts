/**
 * The deploy command (e.g. `terraform apply -auto-approve`), run while the guard watches. It gets
 * its own process group, so an interrupt reaches Terraform and its providers alike, and it is
 * stopped the way Terraform expects: SIGINT, time to save its state, only then SIGTERM, SIGKILL last.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { TimelineSink } from '../model/index.js'

export interface CommandLog {
  line(text: string): void
  info(text: string): void
  warning(text: string): void
}

export interface CommandOptions {
  command: string
  /** The command as reports show it (secret-looking values redacted); default: `command`. */
  shown?: string
  cwd: string
  env?: NodeJS.ProcessEnv
  /** How long Terraform gets after SIGINT to save its state and exit. */
  interruptGraceMs: number
  /** After SIGTERM, how long before SIGKILL. */
  terminateGraceMs?: number
}

export interface CommandExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export class DeployCommand {
  private child?: ChildProcess
  private exitPromise?: Promise<CommandExit>
  exit?: CommandExit
  interrupted = false
  readonly signalsSent: NodeJS.Signals[] = []

  constructor(
    private readonly options: CommandOptions,
    private readonly log: CommandLog,
    private readonly timeline: TimelineSink
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.exit === undefined
  }

  start(): void {
    this.timeline.add('command', 'command-started', this.options.shown ?? this.options.command)
    // stdin closed; detached gives the command a process group of its own to signal.
    const child = spawn(this.options.command, {
      shell: true,
      cwd: this.options.cwd,
      env: this.options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    this.child = child
    for (const stream of [child.stdout, child.stderr]) {
      let pending = ''
      stream?.on('data', (chunk: Buffer) => {
        pending += chunk.toString()
        const lines = pending.split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) this.log.line(line)
      })
      stream?.on('end', () => {
        if (pending) this.log.line(pending)
      })
    }
    this.exitPromise = new Promise(resolve => {
      child.on('error', error => {
        this.log.warning(`Could not start the command: ${error.message}`)
        this.exit = { code: 127, signal: null }
        resolve(this.exit)
      })
      child.on('close', (code, signal) => {
        this.exit ??= { code, signal }
        this.timeline.add(
          'command',
          'command-exited',
          signal ? `killed by ${signal}` : `exit code ${code}`
        )
        resolve(this.exit)
      })
    })
  }

  wait(): Promise<CommandExit> {
    if (!this.exitPromise) throw new Error('the command was not started')
    return this.exitPromise
  }

  private send(signal: NodeJS.Signals): void {
    if (!this.child?.pid || this.exit) return
    this.signalsSent.push(signal)
    try {
      process.kill(-this.child.pid, signal)
    } catch {
      this.child.kill(signal)
    }
  }

  /**
   * Waits up to `ms` for the exit; true when the command has exited. The grace is the machine's
   * time, not the watch's clock: it is what a real process gets to save its state.
   */
  private async exitedWithin(ms: number): Promise<boolean> {
    if (this.exit) return true
    // The timer is cleared on exit, so a finished command does not hold the process open.
    let timer: NodeJS.Timeout | undefined
    const exited = this.wait().then(() => true)
    const waited = new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(false), ms)
    })
    const result = await Promise.race([exited, waited])
    clearTimeout(timer)
    return result
  }

  /**
   * Stops the command without ever leaving Terraform's state half-written by us: SIGINT and the
   * whole grace to finish, then SIGTERM, then SIGKILL.
   */
  async interrupt(reason: string): Promise<CommandExit | undefined> {
    if (!this.running) return this.exit
    this.interrupted = true
    this.timeline.add('command', 'command-interrupt', `SIGINT: ${reason}`)
    this.log.info(
      `Interrupting the deploy command (SIGINT) because ${reason}; it has ${Math.round(this.options.interruptGraceMs / 1000)}s to save its state and exit.`
    )
    this.send('SIGINT')
    if (await this.exitedWithin(this.options.interruptGraceMs)) return this.exit
    this.timeline.add(
      'command',
      'command-terminate',
      'SIGTERM: the command did not exit after SIGINT'
    )
    this.log.warning('The deploy command did not exit after SIGINT; sending SIGTERM.')
    this.send('SIGTERM')
    if (await this.exitedWithin(this.options.terminateGraceMs ?? 10_000)) return this.exit
    this.timeline.add('command', 'command-kill', 'SIGKILL: the command did not exit after SIGTERM')
    this.log.warning('The deploy command did not exit after SIGTERM; sending SIGKILL.')
    this.send('SIGKILL')
    await this.exitedWithin(5_000)
    return this.exit
  }
}
