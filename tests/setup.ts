// Tests compute on the plain-JavaScript backend unless they choose another:
// it is always there and gives the same numbers on every machine.
process.env.NNLAB_BACKEND ??= 'cpu';
