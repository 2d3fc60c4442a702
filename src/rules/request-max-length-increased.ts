import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-length-increased',
  level: 'info',
  direction: 'request',
  keyword: 'maxLength',
  change: 'increased',
  description: 'Request schema maximum length increased',
});
