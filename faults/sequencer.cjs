// Runs the fault scenarios in a fixed order (by the number their file name starts with).
const Sequencer = require('@jest/test-sequencer').default;

class FaultSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = FaultSequencer;
