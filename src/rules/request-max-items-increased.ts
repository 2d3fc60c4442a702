import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-items-increased',
  level: 'info',
  direction: 'request',
  keyword: 'maxItems',
  change: 'increased',
  description: 'Request schema maximum number of items increased',
});
