export const id = 235;
export const ids = [235];
export const modules = {

/***/ 2235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionEdge: () => (/* binding */ actionEdge)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8298);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9378);
/* harmony import */ var _report_publish_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4810);
/** The GitHub Actions edge: @actions/core for inputs, outputs and the log; summary and PR comment. */



const actionEdge = {
    input: name => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name),
    setOutput: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value),
    setSecret: value => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value),
    info: line => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line),
    debug: line => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(line),
    warning: (message, properties) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message, properties),
    error: (message, properties) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(message, properties),
    notice: (message, properties) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(message, properties),
    startGroup: title => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(title),
    endGroup: () => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4(),
    saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value),
    setFailed: message => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message),
    // The error annotation is already printed with the diagnosis; setFailed would print it twice.
    setVerdictFailed: () => {
        process.exitCode = 1;
    },
    report: async (markdown, config, comment) => {
        if (process.env.GITHUB_STEP_SUMMARY) {
            try {
                await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(markdown, true).write();
            }
            catch (error) {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not write the job summary: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
            }
        }
        await (0,_report_publish_js__WEBPACK_IMPORTED_MODULE_2__/* .publishComment */ .p)(config, comment ?? markdown);
    }
};


/***/ })

};
