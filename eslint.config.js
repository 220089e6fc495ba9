'use strict';
/* Lint rules (flat config) for the browser script and its node tests; run: npx eslint */
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
    {ignores: ['node_modules/', '.venv/', 'var/', 'bench/out/']},
    js.configs.recommended,
    {
        // the page's script: a plain script in the browser, a CommonJS module under node
        files: ['assets/**/*.js'],
        languageOptions: {
            ecmaVersion: 2017,
            sourceType: 'script',
            globals: {...globals.browser, module: 'readonly'},
        },
        rules: {
            'no-var': 'off',
            strict: ['error', 'function'],
        },
    },
    {
        files: ['tests/js/**/*.js', 'eslint.config.js'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'commonjs',
            globals: {...globals.node},
        },
    },
    {
        files: ['**/*.js'],
        rules: {
            eqeqeq: 'error',
            'no-shadow': ['error', {builtinGlobals: false}],
            'no-unused-vars': ['error', {args: 'after-used'}],
            'prefer-const': 'off',
        },
    },
];
