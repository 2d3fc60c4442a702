import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-contains-increased',
  level: 'info',
  direction: 'response',
  keyword: 'minContains',
  change: 'increased',
  description: 'Response schema minContains increased',
});
