import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-contains-decreased',
  level: 'breaking',
  direction: 'request',
  keyword: 'maxContains',
  change: 'decreased',
  description: 'Request schema maxContains decreased',
});
