import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-contains-increased',
  level: 'warning',
  direction: 'response',
  keyword: 'maxContains',
  change: 'increased',
  description: 'Response schema maxContains increased',
});
