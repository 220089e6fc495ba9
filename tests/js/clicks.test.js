'use strict';
/* assets/clicks.js realClick(): only a click with n_clicks passes the gate; a redrawn list
   of buttons (n_clicks 0, or no trigger at all) does not. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {realClick} = require('../../assets/clicks.js');

const TAG = '{"index":"suspect","type":"tag-set"}.n_clicks';

test('a click passes as {type, index, n, t}', () => {
    assert.deepEqual(realClick([{prop_id: TAG, value: 2}], 7),
                     {type: 'tag-set', index: 'suspect', n: 2, t: 7});
});

test('buttons redrawn with no clicks do not pass', () => {
    assert.equal(realClick([{prop_id: TAG, value: 0}], 7), null);
    assert.equal(realClick([{prop_id: '.', value: null}], 7), null);
    assert.equal(realClick([], 7), null);
    assert.equal(realClick(undefined, 7), null);
});

test('the clicked one among several triggered', () => {
    const other = '{"index":"cleared","type":"tag-set"}.n_clicks';
    assert.deepEqual(realClick([{prop_id: other, value: 0}, {prop_id: TAG, value: 1}], 1),
                     {type: 'tag-set', index: 'suspect', n: 1, t: 1});
});
