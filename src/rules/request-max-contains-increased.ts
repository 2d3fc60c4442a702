import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-contains-increased',
  level: 'info',
  direction: 'request',
  keyword: 'maxContains',
  change: 'increased',
  description: 'Request schema maxContains increased',
});
