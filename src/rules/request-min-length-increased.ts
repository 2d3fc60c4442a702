import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-length-increased',
  level: 'breaking',
  direction: 'request',
  keyword: 'minLength',
  change: 'increased',
  description: 'Request schema minimum length increased',
});
