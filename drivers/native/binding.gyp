{
  "targets": [
    {
      "target_name": "hotline_native",
      "sources": [
        "src/napi/addon.cc",
        "src/napi/board-wrap.cc",
        "src/napi/seqpacket-wrap.cc",
        "src/core/hdlc.cc",
        "src/core/e1-framer.cc",
        "src/core/cas.cc",
        "src/core/analog-line.cc",
        "src/boards/sim-cable.cc",
        "src/boards/sim-span.cc",
        "src/boards/sim-board.cc",
        "src/boards/dahdi-board.cc",
        "src/boards/dahdi-channel.cc",
        "src/boards/dahdi-span.cc",
        "src/boards/dahdi-sys.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "src"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"
      ],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-lpthread"],
      "cflags_cc+": ["<!@(node -p \"process.env.HOTLINE_SANITIZE === '1' ? '-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' : ''\")"],
      "ldflags+": ["<!@(node -p \"process.env.HOTLINE_SANITIZE === '1' ? '-fsanitize=address,undefined' : ''\")"]
    }
  ]
}
