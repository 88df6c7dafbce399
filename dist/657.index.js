export const id = 657;
export const ids = [657];
export const modules = {

/***/ 2657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/main.ts + 1 modules
var main = __webpack_require__(6854);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/cli/args.ts
/**
 * The CLI's arguments, mapped onto the action's inputs so one validation (src/inputs.ts) serves
 * both: `eks-kms-guard check [paths…]`, `verify`, `deploy`, with flags named like the inputs.
 */

/** Inputs the CLI accepts as flags (the action's, less the GitHub-only ones). */
const INPUT_FLAGS = [
    'cluster-name',
    'nodegroup-names',
    'asg-names',
    'kms-key-ids',
    'aws-region',
    'patch-policy',
    'dry-run',
    'autoscaling-role-arn',
    'create-service-linked-role',
    'command',
    'working-directory',
    'terraform-paths',
    'paths',
    'formats',
    'cdk-out',
    'plan-json',
    'var-files',
    'timeout-minutes',
    'poll-interval-seconds',
    'propagation-grace-seconds'
];
class UsageError extends Error {
}
const USAGE = `Usage: eks-kms-guard <check|verify|deploy> [options]

  check [paths…]            no AWS access: Terraform, CloudFormation, CDK (cdk.out) and eksctl files under paths
  verify                    read-only: check the keys and watch the node groups of a cluster
  deploy                    verify, and patch the key policies first

Options (named like the action's inputs):
  --cluster-name NAME       required for verify and deploy
  --nodegroup-names A,B     --asg-names A,B         --kms-key-ids K1,K2
  --aws-region REGION (else AWS_REGION)
  --patch-policy BOOL       --dry-run               --autoscaling-role-arn ARN
  --create-service-linked-role BOOL                 --command "terraform apply -auto-approve"
  --working-directory DIR   --plan-json FILE        --var-files F1,F2
  --formats terraform,cloudformation,cdk,eksctl     --cdk-out DIR (after cdk synth)
  --terraform-paths P1,P2   (Terraform only; positional paths are read for every format)
  --timeout-minutes N       --poll-interval-seconds N  --propagation-grace-seconds N
  --format text|json|sarif  output on stdout (sarif: check only)   --report FILE (Markdown)
  -h, --help                -v, --version

Exit codes: 0 passed, 1 a finding or a failed deployment (or a timeout), 2 bad usage or an error.
AWS credentials come from the usual chain (environment, profile, SSO, instance role).`;
function parseCli(argv) {
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                ...Object.fromEntries(INPUT_FLAGS.map(name => [name, { type: 'string' }])),
                'dry-run': { type: 'boolean' },
                format: { type: 'string', default: 'text' },
                report: { type: 'string' },
                help: { type: 'boolean', short: 'h' },
                version: { type: 'boolean', short: 'v' }
            }
        });
    }
    catch (error) {
        throw new UsageError(error.message);
    }
    const { values, positionals } = parsed;
    const help = values.help === true;
    const version = values.version === true;
    const [mode, ...paths] = positionals;
    if (!help && !version && !mode)
        throw new UsageError('Name a command: check, verify or deploy.');
    const format = values.format;
    if (!['text', 'json', 'sarif'].includes(format))
        throw new UsageError(`--format accepts text, json or sarif, not "${format}".`);
    if (format === 'sarif' && mode !== 'check')
        throw new UsageError('--format sarif is for check only.');
    const inputs = { mode: mode ?? '', 'pr-comment': 'false' };
    for (const name of INPUT_FLAGS) {
        const value = values[name];
        if (value !== undefined)
            inputs[name] = String(value);
    }
    if (paths.length > 0) {
        if (mode !== 'check')
            throw new UsageError(`${mode} takes no paths; did you mean check?`);
        inputs.paths = paths.join('\n');
    }
    return {
        inputs,
        format: format,
        reportFile: values.report,
        help,
        version
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/cli/edge.ts



function cliEdge(args, io) {
    const text = args.format === 'text';
    const where = (p) => p?.file ? `${p.file}${p.startLine ? `:${p.startLine}` : ''}: ` : '';
    const edge = {
        outputs: {},
        annotations: [],
        exitCode: 0,
        input: name => args.inputs[name] ?? '',
        setOutput: (name, value) => {
            edge.outputs[name] = value;
        },
        setSecret: () => { },
        info: line => (text ? io.out(line) : io.err(line)),
        debug: () => { },
        warning: (message, p) => {
            edge.annotations.push({ level: 'warning', message, file: p?.file, line: p?.startLine });
            io.err(`${where(p)}warning: ${message}`);
        },
        error: (message, p) => {
            edge.annotations.push({ level: 'error', message, file: p?.file, line: p?.startLine });
            (text ? io.out : io.err)(`${where(p)}error: ${message}`);
        },
        notice: (message, p) => {
            edge.annotations.push({ level: 'notice', message, file: p?.file, line: p?.startLine });
            if (text)
                io.out(`${where(p)}note: ${message}`);
        },
        startGroup: title => (text ? io.out(`\n== ${title}`) : io.err(`== ${title}`)),
        endGroup: () => { },
        saveState: () => { },
        setFailed: message => {
            edge.exitCode = 2;
            io.err(`error: ${message}`);
        },
        setVerdictFailed: couldNotLook => {
            edge.exitCode = Math.max(edge.exitCode, couldNotLook ? 2 : 1);
        },
        report: async (markdown) => {
            if (args.reportFile)
                await (0,promises_.writeFile)(args.reportFile, markdown);
        }
    };
    return edge;
}
/** What stdout gets at the end for the machine-readable formats. */
function finalOutput(args, edge, scratch) {
    if (args.format === 'json')
        return JSON.stringify({ outputs: edge.outputs, annotations: edge.annotations }, null, 2);
    if (args.format === 'sarif') {
        const sarif = (0,external_node_fs_.readdirSync)(scratch).find(name => name.endsWith('.sarif'));
        return sarif ? (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(scratch, sarif), 'utf8') : undefined;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/cli/main.ts
/** The CLI: the same run as the action (src/main.ts runWith), at its own edge. */






/** Runs the CLI; resolves to the exit code. */
async function cli(argv, io) {
    let args;
    try {
        args = parseCli(argv);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        io.err(`eks-kms-guard: ${error.message}\n\n${USAGE}`);
        return 2;
    }
    if (args.help) {
        io.out(USAGE);
        return 0;
    }
    if (args.version) {
        io.out(io.version ?? 'unknown');
        return 0;
    }
    const edge = cliEdge(args, io);
    // The timeline and SARIF files a run writes go to a folder of this run's own, removed at the
    // end: a terminal has no runner to clean its temp folder. What the user asked for is printed
    // (--format sarif) or written where they said (--report).
    const scratch = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'eks-kms-guard-'));
    const runnerTemp = process.env.RUNNER_TEMP;
    process.env.RUNNER_TEMP = scratch;
    try {
        await (0,main/* runWith */.q)(edge, { signal: io.signal, clock: io.clock });
        delete edge.outputs['sarif-file'];
        delete edge.outputs['timeline-file'];
        const final = finalOutput(args, edge, scratch);
        if (final !== undefined)
            io.out(final);
        return edge.exitCode;
    }
    finally {
        if (runnerTemp === undefined)
            delete process.env.RUNNER_TEMP;
        else
            process.env.RUNNER_TEMP = runnerTemp;
        (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/cli/run.ts
/** The CLI process: argv and stdio in, the exit code out; Ctrl-C stops it like a runner's cancel. */




function packageVersion() {
    try {
        // dist/index.js → the package's own package.json, two levels up in an installed package.
        const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
        for (const up of ['..', (0,external_node_path_.join)('..', '..')]) {
            const pkg = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(here, up, 'package.json'), 'utf8'));
            if (pkg.name === 'eks-kms-guard')
                return pkg.version;
        }
    }
    catch {
        // No package.json beside the bundle: the version is unknown, which --version says.
    }
    return undefined;
}
async function runCli(signal) {
    process.exitCode = await cli(process.argv.slice(2), {
        out: text => process.stdout.write(`${text}\n`),
        err: text => process.stderr.write(`${text}\n`),
        signal,
        version: packageVersion()
    });
}


/***/ })

};
