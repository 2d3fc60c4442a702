import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-items-decreased',
  level: 'info',
  direction: 'request',
  keyword: 'minItems',
  change: 'decreased',
  description: 'Request schema minimum number of items decreased',
});
