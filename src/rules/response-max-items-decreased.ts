import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-items-decreased',
  level: 'info',
  direction: 'response',
  keyword: 'maxItems',
  change: 'decreased',
  description: 'Response schema maximum number of items decreased',
});
