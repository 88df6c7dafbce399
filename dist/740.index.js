export const id = 740;
export const ids = [740];
export const modules = {

/***/ 7740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  actionEdge: () => (/* binding */ actionEdge)
});

// UNUSED EXPORTS: StoppedCommands, failBeforeOpen, readActionInput

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/aws/errors.ts + 1 modules
var errors = __webpack_require__(1528);
// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
;// CONCATENATED MODULE: ./src/render/summary-limit.ts
/**
 * The job summary under GitHub's limit. A step's summary may be at most 1 MiB; past that GitHub
 * shows an error instead of it ("Job summaries … The maximum size of the summary for a step is
 * 1MiB": docs.github.com, "Workflow commands for GitHub Actions", Adding a job summary). A
 * report of thousands of files can be larger, so it is cut well below, at a line, with any code
 * fence or <details> still open closed, and the cut said. Pure.
 */
/** Bytes of Markdown a summary keeps: well below 1 MiB (1,048,576), leaving room for the note. */
const SUMMARY_BYTES = 800_000;
/** Closes what the kept lines left open, so the note after it renders as text. */
function closing(lines) {
    let fence;
    let details = 0;
    for (const line of lines) {
        const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence) {
            if (marker &&
                marker[0] === fence[0] &&
                marker.length >= fence.length &&
                /^ {0,3}[`~]+\s*$/.test(line))
                fence = undefined;
            continue;
        }
        if (marker)
            fence = marker;
        details += (line.match(/<details>/g) ?? []).length;
        details -= (line.match(/<\/details>/g) ?? []).length;
    }
    return [
        ...(fence ? [fence] : []),
        ...Array.from({ length: Math.max(0, details) }, () => '</details>')
    ];
}
/** The summary, cut at a line below `limit` bytes with what was cut said; unchanged when it fits. */
function fitSummary(markdown, limit = SUMMARY_BYTES) {
    const total = Buffer.byteLength(markdown, 'utf8');
    if (total <= limit)
        return markdown;
    // The first `limit` bytes, at a character boundary, then back to the last whole line.
    const head = Buffer.from(markdown, 'utf8')
        .subarray(0, limit)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
    const lines = head.slice(0, Math.max(0, head.lastIndexOf('\n'))).split('\n');
    const kept = lines.join('\n');
    const note = `> ✂️ **The summary is cut here**: it is ${Math.ceil(total / 1024)} KB, and GitHub shows no step summary over 1 MiB. The ${Math.ceil((total - Buffer.byteLength(kept, 'utf8')) / 1024)} KB not shown hold more of the same; the step's log has them, and check's SARIF file (\`sarif-file\` output) lists every finding.`;
    return [kept, ...closing(lines), '', note, ''].join('\n');
}

;// CONCATENATED MODULE: ./src/action-edge.ts





let core;
function loaded() {
    if (!core)
        throw new Error('internal: the action edge was used before open()');
    return core;
}
/**
 * An input as the runner passes it (`with: cluster-name` arrives as INPUT_CLUSTER-NAME), trimmed:
 * what core.getInput(name) returns.
 */
function readActionInput(env, name) {
    return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
/** core.setFailed(message) before core is loaded: the `error` workflow command, and exit code 1. */
function failBeforeOpen(message, write = text => process.stdout.write(text)) {
    process.exitCode = 1;
    // The workflow-command escaping of a message (core's escapeData).
    const data = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    write(`::error::${data}${external_node_os_.EOL}`);
}
/**
 * The deploy command's output goes out verbatim inside a `::stop-commands::<token>` block, the
 * token random per block so the output cannot end it; the block is closed (`::<token>::`) before
 * any line of the action's own, so its annotations, masks and groups always act.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
class StoppedCommands {
    write;
    newToken;
    token;
    constructor(write = text => process.stdout.write(text), newToken = external_node_crypto_.randomUUID) {
        this.write = write;
        this.newToken = newToken;
    }
    /** A line of the command's output. */
    output(line) {
        if (!this.token) {
            this.token = this.newToken();
            this.write(`::stop-commands::${this.token}${external_node_os_.EOL}`);
        }
        this.write(`${line}${external_node_os_.EOL}`);
    }
    /** Before a line of the action's own. */
    resume() {
        if (!this.token)
            return;
        this.write(`::${this.token}::${external_node_os_.EOL}`);
        this.token = undefined;
    }
}
const commandOutput = new StoppedCommands();
/** Core, once the command block (if any) is closed: what the action writes itself must act. */
function own() {
    const loadedCore = loaded();
    commandOutput.resume();
    return loadedCore;
}
const actionEdge = {
    open: async () => {
        core ??= await __webpack_require__.e(/* import() */ 421).then(__webpack_require__.bind(__webpack_require__, 6421));
    },
    input: name => readActionInput(process.env, name),
    setOutput: (name, value) => own().setOutput(name, value),
    setSecret: value => own().setSecret(value),
    // Our lines carry AWS's and Terraform's text: none of it may act as a workflow command.
    info: line => own().info((0,render_escape/* inertLogText */.I1)(line)),
    commandOutput: line => commandOutput.output(line),
    debug: line => own().debug((0,render_escape/* inertLogText */.I1)(line)),
    warning: (message, properties) => own().warning(message, properties),
    error: (message, properties) => own().error(message, properties),
    notice: (message, properties) => own().notice(message, properties),
    startGroup: title => own().startGroup(title),
    endGroup: () => own().endGroup(),
    saveState: (name, value) => own().saveState(name, value),
    state: name => loaded().getState(name),
    // GitHub drops error, warning and notice annotations past 10 each in a step.
    annotationsPerLevel: 10,
    setFailed: message => (core ? own().setFailed(message) : failBeforeOpen(message)),
    // The error annotation is already printed with the diagnosis; setFailed would print it twice.
    setVerdictFailed: () => {
        process.exitCode = 1;
    },
    report: async (markdown, config, comment) => {
        const core = own();
        if (process.env.GITHUB_STEP_SUMMARY) {
            try {
                await core.summary.addRaw(fitSummary(markdown), true).write();
            }
            catch (error) {
                core.warning(`Could not write the job summary: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        const { publishComment } = await Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(894)]).then(__webpack_require__.bind(__webpack_require__, 4894));
        await publishComment(config, comment ?? markdown);
    }
};


/***/ }),

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ codeBlock),
/* harmony export */   EE: () => (/* binding */ messageLine),
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   I1: () => (/* binding */ inertLogText),
/* harmony export */   KH: () => (/* binding */ tableCode),
/* harmony export */   SS: () => (/* binding */ codeSpan),
/* harmony export */   ti: () => (/* binding */ inlineCode),
/* harmony export */   xR: () => (/* binding */ tableCell)
/* harmony export */ });
/* unused harmony exports markdownText, headingText */
/**
 * AWS messages, key descriptions and policy text are untrusted: they must not render as
 * Markdown, HTML or @mentions in a summary or a pull request comment.
 */
/** Text for Markdown prose and table cells. */
function escapeMarkdown(text) {
    return (text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        // Only what can start markup mid-line: links need [ ], so ( ) stay readable.
        .replace(/([\\`*[\]|~])/g, '\\$1')
        // An underscore between two word characters never starts emphasis (aws_kms_key stays readable).
        .replace(/(?<!\w)_|_(?!\w)/g, '\\_')
        .replace(/^([#+\->=]|\d+\.)/, '\\$1')
        // A mention (@name) or a GFM e-mail autolink (a@-.tf: the domain may start with - or .).
        .replace(/@(?=[\w.-])/g, '@\u200b')
        .replace(/\r?\n/g, ' '));
}
/** A fenced code block whose fence no content can close early. */
function codeBlock(text, language = '') {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(m => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${text}\n${fence}`;
}
/** Inline code that survives backticks inside. */
function inlineCode(text) {
    const clean = text.replace(/\r?\n/g, ' ');
    const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map(m => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${clean}${pad}${fence}`;
}
/*
 * One function per place a string the pull request controls (a file or folder name, a module
 * path, a resource name) lands in Markdown. Each keeps the string inside its context: no HTML
 * tag, no link or autolink, no live @mention or #reference, no new line (CommonMark ends a line
 * at \n, \r and \r\n: a lone \r inside a code span still starts a new block), and in a table no
 * `|` that adds a cell — GFM splits a row on every unescaped `|`, inside code spans too
 * (https://github.github.com/gfm/#tables-extension-: "include a pipe in a cell’s content by
 * escaping it, including inside other inline spans").
 */
const LINE_BREAKS = /\r\n|[\r\n]/g;
/** Breaks what GitHub would turn into a link or a reference, with a zero-width space. */
function defuse(text) {
    return (text
        // GFM extended autolinks: www., http://, https://, ftp:// (https://github.github.com/gfm/#autolinks-extension-).
        .replace(/(www)\./gi, '$1\u200b.')
        .replace(/([a-z])(:\/\/)/gi, '$1\u200b$2')
        // GitHub references: #123, GH-123.
        .replace(/#(?=\d)/g, '#\u200b')
        .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-'));
}
/**
 * A message that holds untrusted names but is escaped later by a renderer that keeps its `code
 * spans` raw: on one line (a lone \r would start a new block, an HTML block among them), with
 * autolinks and references defused. What stays for the renderer to escape is the rest.
 */
function messageLine(text) {
    return defuse(oneLine(text)).replace(/^(\d+)\)/, '$1\u200b)');
}
/**
 * On one line, with no leading white space: what starts a block (`#`, `-`, `>`, `1.`, four
 * spaces of indented code) must be at the very start for escapeMarkdown to escape it.
 */
function oneLine(text) {
    return text.replace(LINE_BREAKS, ' ').replace(/^\s+/, '');
}
/** Untrusted text in Markdown prose (a paragraph or a list item). */
function markdownText(text) {
    return defuse(escapeMarkdown(oneLine(text)).replace(/^(\d+)\)/, '$1\\)'));
}
/** Untrusted text in a table cell: as prose, `|` escaped (escapeMarkdown escapes it). */
function tableCell(text) {
    return markdownText(text);
}
/** Untrusted text as a code span in prose: a fence longer than any backtick run inside, one line. */
function codeSpan(text) {
    return inlineCode(text.replace(LINE_BREAKS, ' '));
}
/**
 * Untrusted text as a code span inside a table cell: `|` as `\|` (GFM unescapes it before the
 * span is read). The table scanner takes a backslash and the punctuation after it as one escaped
 * pair, so `\` followed by `\|` would leave the pipe bare: text with a backslash is written as an
 * escaped table cell instead of a code span.
 */
function tableCode(text) {
    const line = text.replace(LINE_BREAKS, ' ');
    if (line.includes('\\'))
        return tableCell(line);
    return inlineCode(line.replace(/\|/g, '\\|'));
}
/** Untrusted text in an ATX heading: as prose, and a closing `#` sequence kept as text. */
function headingText(text) {
    return markdownText(text).replace(/(\s)(#+)\s*$/, '$1\\$2');
}
/**
 * Text for the job log that no line of can act as a workflow command. The runner reads a line as
 * a command when, after leading blanks, it starts with `::` (and, in the older syntax, wherever it
 * holds `##[`): a zero-width space in front of those makes them plain text and still reads the
 * same. AWS messages, Terraform's and the command's text go through this before `info`.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
function inertLogText(text) {
    return text
        .split(/\r?\n|\r/)
        .map(line => line.replace(/^(\s*)::/, '$1\u200b::').replace(/##\[/g, '##\u200b['))
        .join('\n');
}


/***/ })

};
