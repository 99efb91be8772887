'use strict';
// The Node binding of safeguarding-rules: the compiled addon's `Engine` and `schema`.
// Every error it throws is an `Error` with `.code` (one of ERROR_CODES) and `.problems`.
const addon = require('./safeguarding_rules.node');

/** Every error the addon throws is an `Error` with `.code` and `.problems`. */
const CODES = ['case_error', 'load_error', 'book_error', 'usage_error', 'internal_error'];

module.exports = {
  Engine: addon.Engine,
  schema: addon.schema,
  abiVersion: addon.abiVersion,
  ERROR_CODES: CODES,
};
