import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-contains-increased',
  level: 'breaking',
  direction: 'request',
  keyword: 'minContains',
  change: 'increased',
  description: 'Request schema minContains increased',
});
