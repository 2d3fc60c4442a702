import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-items-decreased',
  level: 'breaking',
  direction: 'request',
  keyword: 'maxItems',
  change: 'decreased',
  description: 'Request schema maximum number of items decreased',
});
