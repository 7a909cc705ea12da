public enum NoisePlaceholder {}
