public enum SkywireNodePlaceholder {}
