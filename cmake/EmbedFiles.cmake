# kitwatch_embed_files(TARGET OUT_CC FILE...) generates a C++ source defining
# kitwatch::embedded_files(), which returns each FILE's name and bytes, so the binary carries its
# shipped reference data and works from any directory. The source is regenerated when a FILE changes.
function(kitwatch_embed_files target out_cc)
  add_custom_command(
    OUTPUT "${out_cc}"
    COMMAND "${CMAKE_COMMAND}" -DOUT=${out_cc} "-DFILES=${ARGN}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    DEPENDS ${ARGN} "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    COMMENT "Embedding shipped data into ${out_cc}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out_cc}")
endfunction()
