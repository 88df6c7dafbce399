/** The CLI process: argv and stdio in, the exit code out; Ctrl-C stops it like a runner's cancel. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cli } from './main.js'

function packageVersion(): string | undefined {
  try {
    // dist/index.js → the package's own package.json, two levels up in an installed package.
    const here = dirname(fileURLToPath(import.meta.url))
    for (const up of ['..', join('..', '..')]) {
      const pkg = JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8'))
      if (pkg.name === 'eks-kms-guard') return pkg.version
    }
  } catch {
    // No package.json beside the bundle: the version is unknown, which --version says.
  }
  return undefined
}

export async function runCli(signal: AbortSignal): Promise<void> {
  process.exitCode = await cli(process.argv.slice(2), {
    out: text => process.stdout.write(`${text}\n`),
    err: text => process.stderr.write(`${text}\n`),
    signal,
    version: packageVersion()
  })
}
