import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-items-decreased',
  level: 'warning',
  direction: 'response',
  keyword: 'minItems',
  change: 'decreased',
  description: 'Response schema minimum number of items decreased',
});
