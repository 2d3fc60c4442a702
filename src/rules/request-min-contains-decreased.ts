import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-contains-decreased',
  level: 'info',
  direction: 'request',
  keyword: 'minContains',
  change: 'decreased',
  description: 'Request schema minContains decreased',
});
