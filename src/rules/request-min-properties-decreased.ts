import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-properties-decreased',
  level: 'info',
  direction: 'request',
  keyword: 'minProperties',
  change: 'decreased',
  description: 'Request schema minimum number of properties decreased',
});
