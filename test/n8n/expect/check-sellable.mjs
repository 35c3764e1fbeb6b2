// test/n8n/workflows/check-sellable-*.json: one lead each against the sandbox.
import { assert, errors, show, success } from '../assert.mjs';

export default {
  'check-sellable-ok.json': [
    ['one item on Success, none on Error', (r) => {
      assert(success(r).length === 1, `Success has ${success(r).length} items: ${show(success(r))}`);
      assert(errors(r).length === 0, `Error has items: ${show(errors(r))}`);
    }],
    ['Success item has code 0 and sellable true', (r) => {
      const [it] = success(r);
      assert(it.code === 0, `code is ${show(it.code)}: ${show(it)}`);
      assert(it.success === true, `success is ${show(it.success)}`);
      assert(it.sellable === true, `sellable is ${show(it.sellable)}`);
      assert(it.operation === 'checkSellable', `operation is ${show(it.operation)}`);
    }],
  ],
  'check-sellable-refused.json': [
    ['one item on Error, none on Success', (r) => {
      assert(errors(r).length === 1, `Error has ${errors(r).length} items: ${show(errors(r))}`);
      assert(success(r).length === 0, `Success has items: ${show(success(r))}`);
    }],
    ['Error item is code 4 not-sellable', (r) => {
      const [it] = errors(r);
      assert(it.code === 4, `code is ${show(it.code)}: ${show(it)}`);
      assert(it.kind === 'not-sellable', `kind is ${show(it.kind)}`);
      assert(it.success === false, `success is ${show(it.success)}`);
    }],
  ],
};
