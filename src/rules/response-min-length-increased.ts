import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-length-increased',
  level: 'info',
  direction: 'response',
  keyword: 'minLength',
  change: 'increased',
  description: 'Response schema minimum length increased',
});
