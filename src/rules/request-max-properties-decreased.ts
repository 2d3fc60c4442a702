import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-properties-decreased',
  level: 'breaking',
  direction: 'request',
  keyword: 'maxProperties',
  change: 'decreased',
  description: 'Request schema maximum number of properties decreased',
});
