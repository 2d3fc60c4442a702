import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-length-increased',
  level: 'warning',
  direction: 'response',
  keyword: 'maxLength',
  change: 'increased',
  description: 'Response schema maximum length increased',
});
