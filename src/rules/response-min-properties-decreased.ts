import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-properties-decreased',
  level: 'warning',
  direction: 'response',
  keyword: 'minProperties',
  change: 'decreased',
  description: 'Response schema minimum number of properties decreased',
});
