export const id = 235;
export const ids = [235];
export const modules = {

/***/ 2235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionEdge: () => (/* binding */ actionEdge)
/* harmony export */ });
/* unused harmony exports readActionInput, failBeforeOpen */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9378);


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
    write(`::error::${data}${node_os__WEBPACK_IMPORTED_MODULE_0__.EOL}`);
}
const actionEdge = {
    open: async () => {
        core ??= await __webpack_require__.e(/* import() */ 421).then(__webpack_require__.bind(__webpack_require__, 6421));
    },
    input: name => readActionInput(process.env, name),
    setOutput: (name, value) => loaded().setOutput(name, value),
    setSecret: value => loaded().setSecret(value),
    info: line => loaded().info(line),
    debug: line => loaded().debug(line),
    warning: (message, properties) => loaded().warning(message, properties),
    error: (message, properties) => loaded().error(message, properties),
    notice: (message, properties) => loaded().notice(message, properties),
    startGroup: title => loaded().startGroup(title),
    endGroup: () => loaded().endGroup(),
    saveState: (name, value) => loaded().saveState(name, value),
    state: name => loaded().getState(name),
    // GitHub drops error, warning and notice annotations past 10 each in a step.
    annotationsPerLevel: 10,
    setFailed: message => (core ? core.setFailed(message) : failBeforeOpen(message)),
    // The error annotation is already printed with the diagnosis; setFailed would print it twice.
    setVerdictFailed: () => {
        process.exitCode = 1;
    },
    report: async (markdown, config, comment) => {
        const core = loaded();
        if (process.env.GITHUB_STEP_SUMMARY) {
            try {
                await core.summary.addRaw(markdown, true).write();
            }
            catch (error) {
                core.warning(`Could not write the job summary: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
            }
        }
        const { publishComment } = await Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(810)]).then(__webpack_require__.bind(__webpack_require__, 4810));
        await publishComment(config, comment ?? markdown);
    }
};


/***/ })

};
