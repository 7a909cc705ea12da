public enum LinkPlaceholder {}
